using BackorderDesk.Domain;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// The writer's SKU books, kept in memory between commands so that a scan or an order on a SKU
/// with a deep queue does not read the queue again. A book is used only while its SKU's
/// <see cref="Sku.Version"/> is the one in the database (a write made elsewhere moves it, and the
/// book is read again), and every write from a book updates the SKU row only at that version.
/// A command that fails, or a batch that rolls back, drops the books it touched: what stays in
/// memory is always what the database holds. Only the writer's loop uses it (one thread at a time).
/// </summary>
public sealed class SkuBookCache
{
    /// <summary>Open lines held at most; past it, the books used longest ago are dropped.</summary>
    public const int MaxLines = 200_000;

    private readonly Dictionary<int, CachedBook> _books = [];
    private readonly Dictionary<int, AllocationContext> _continuing = [];
    private long _uses;
    private int _lines;

    /// <summary>
    /// A receipt of the SKU left units on the shelf for lines still to be served in its next commits.
    /// Until then any other command that uses the SKU serves them first (see <see cref="WriteScope"/>),
    /// so nobody takes those units out of queue order.
    /// </summary>
    internal void MarkContinuing(int skuId, AllocationContext receipt) => _continuing[skuId] = receipt;

    internal AllocationContext? Continuing(int skuId) => _continuing.GetValueOrDefault(skuId);

    internal void MarkSettled(int skuId) => _continuing.Remove(skuId);

    /// <summary>Books held now.</summary>
    public int Count => _books.Count;

    /// <summary>The cached book of the SKU if it is still at <paramref name="current"/>'s version.</summary>
    internal CachedBook? Find(Sku current)
    {
        if (_books.TryGetValue(current.Id, out var cached))
        {
            if (cached.Book.Sku.Version == current.Version)
            {
                cached.LastUse = ++_uses;
                return cached;
            }

            Evict(current.Id);
        }

        return null;
    }

    internal CachedBook Add(SkuBook book)
    {
        Evict(book.Sku.Id);
        var cached = new CachedBook(book) { LastUse = ++_uses };
        _books[book.Sku.Id] = cached;
        _lines += book.OpenLines.Count;
        if (_lines > MaxLines)
        {
            // Oldest first, never the one just added.
            foreach (var old in _books.Values.Where(b => b != cached).OrderBy(b => b.LastUse).ToList())
            {
                Evict(old.Book.Sku.Id);
                if (_lines <= MaxLines)
                {
                    break;
                }
            }
        }

        return cached;
    }

    /// <summary>A line added to a cached book (a placement) counts against the bound.</summary>
    internal void Grew(int lines) => _lines += lines;

    public void Evict(int skuId)
    {
        if (_books.Remove(skuId, out var cached))
        {
            _lines -= cached.Book.OpenLines.Count;
        }
    }

    public void Clear()
    {
        _books.Clear();
        _lines = 0;
    }
}

/// <summary>A book in the cache, with the images of its rows as last written (what a command's changes are found against).</summary>
internal sealed class CachedBook
{
    public CachedBook(SkuBook book)
    {
        Book = book;
        Images = new BookImages(book);
    }

    public SkuBook Book { get; }

    public BookImages Images { get; }

    public long LastUse { get; set; }
}
