using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>One problem in an uploaded workbook: the sheet row (1 = header), the column and what to fix.</summary>
public sealed record ImportError(int Row, string Column, string Reason);

/// <summary>The outcome of an import: either everything was imported, or nothing and the reasons.</summary>
public sealed record ImportResult(int PurchaseOrders, int Lines, IReadOnlyList<ImportError> Errors)
{
    public bool Imported => Errors.Count == 0;
}

/// <summary>
/// Imports purchase orders from a workbook in <see cref="PurchaseOrderTemplate"/>'s columns. Every row
/// is checked (supplier and SKU exist, quantity a whole 1..1,000,000, a valid date from today on, a
/// PO number not yet used and one supplier per PO number, a SKU once per PO) before anything is
/// written; then all purchase orders are placed in one write command, so either all of them or none
/// exist. A file that is not a workbook, has other columns or is over 10 MB is refused as a whole.
/// </summary>
public sealed class ImportPurchaseOrders(IDbContextFactory<WarehouseDbContext> factory, WarehouseWriter writer, TimeProvider time)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 10_000;

    /// <exception cref="ValidationException">The file as a whole is refused (field <c>file</c>).</exception>
    public async Task<ImportResult> HandleAsync(Stream file, long length, DeskActor actor, CancellationToken cancellationToken)
    {
        if (length > MaxBytes)
        {
            throw FileProblem($"The file is {length / 1024.0 / 1024.0:0.0} MB; the limit is 10 MB. Split it into smaller workbooks.");
        }

        var rows = Read(file);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = new List<ImportError>();
        var lines = rows.Select(r => Parse(r, today, errors)).ToList();
        await CheckAgainstDatabaseAsync(lines, errors, cancellationToken);
        CheckAcrossRows(lines, errors);
        if (errors.Count > 0)
        {
            return new ImportResult(0, 0, errors.OrderBy(e => e.Row).ThenBy(e => Array.IndexOf(PurchaseOrderTemplate.Columns, e.Column)).ToList());
        }

        var orders = lines.GroupBy(l => l.Number!).ToList();
        await writer.WriteAsync((scope, ct) => PlaceAllAsync(scope, orders, actor, ct), cancellationToken);
        return new ImportResult(orders.Count, lines.Count, []);
    }

    private static List<SheetRow> Read(Stream file)
    {
        XLWorkbook workbook;
        try
        {
            workbook = new XLWorkbook(file);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw FileProblem("The file is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx.");
        }

        using (workbook)
        {
            var sheet = workbook.Worksheets.FirstOrDefault(w => w.Name == PurchaseOrderTemplate.SheetName) ?? workbook.Worksheets.First();
            var expected = PurchaseOrderTemplate.Columns;
            var found = Enumerable.Range(1, Math.Max(expected.Length, sheet.LastColumnUsed()?.ColumnNumber() ?? 0))
                .Select(c => sheet.Cell(1, c).GetString().Trim())
                .ToList();
            if (found.Count != expected.Length || !found.Zip(expected).All(p => string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase)))
            {
                throw FileProblem($"The first row of sheet '{sheet.Name}' must be the columns {string.Join(", ", expected)}; it is {string.Join(", ", found.Select(f => f.Length == 0 ? "(empty)" : f))}. Use the template.");
            }

            var last = sheet.LastRowUsed()?.RowNumber() ?? 1;
            if (last - 1 > MaxRows)
            {
                throw FileProblem($"The workbook has {last - 1} rows; import at most {MaxRows:N0} at once.");
            }

            var rows = new List<SheetRow>();
            for (var r = 2; r <= last; r++)
            {
                var cells = Enumerable.Range(1, expected.Length).Select(c => sheet.Cell(r, c)).ToArray();
                if (cells.All(c => c.IsEmpty()))
                {
                    continue;
                }

                rows.Add(new SheetRow(r, cells.Select(CellValue.From).ToArray()));
            }

            if (rows.Count == 0)
            {
                throw FileProblem("The workbook has no purchase-order rows under the header.");
            }

            return rows;
        }
    }

    private static ImportLine Parse(SheetRow row, DateOnly today, List<ImportError> errors)
    {
        void Error(int column, string reason) => errors.Add(new ImportError(row.Number, PurchaseOrderTemplate.Columns[column], reason));

        string? Code(int column)
        {
            var text = row.Cells[column].Text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                Error(column, "is empty.");
                return null;
            }

            if (text.Length > 64 || text.Any(char.IsControl))
            {
                Error(column, $"must be 1 to 64 printable characters; \"{Shorten(text)}\" is not.");
                return null;
            }

            return text;
        }

        int? Quantity()
        {
            var cell = row.Cells[3];
            double? number = cell.Number ?? (double.TryParse(cell.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null);
            if (number is not { } n || n != Math.Floor(n) || n < 1 || n > 1_000_000)
            {
                Error(3, $"must be a whole number from 1 to 1,000,000; \"{Shorten(cell.Text ?? "")}\" is not.");
                return null;
            }

            return (int)n;
        }

        DateOnly? Date()
        {
            var cell = row.Cells[4];
            DateOnly? date = cell.Date is { } at ? DateOnly.FromDateTime(at)
                : DateOnly.TryParseExact(cell.Text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed
                : null;
            if (date is null)
            {
                Error(4, $"must be a date (a date cell or yyyy-mm-dd); \"{Shorten(cell.Text ?? "")}\" is not.");
                return null;
            }

            if (date < today)
            {
                Error(4, $"{date:yyyy-MM-dd} is in the past; the expected date must be today ({today:yyyy-MM-dd}) or later.");
                return null;
            }

            if (date > ExpectedDates.Latest(today))
            {
                Error(4, $"{date:yyyy-MM-dd} is more than five years ahead.");
                return null;
            }

            return date;
        }

        return new ImportLine(row.Number, Code(0), Code(1), Code(2), Quantity(), Date());
    }

    private async Task CheckAgainstDatabaseAsync(List<ImportLine> lines, List<ImportError> errors, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var suppliers = await Existing(lines.Select(l => l.Supplier), chunk => db.Suppliers.Where(s => chunk.Contains(s.Code)).Select(s => s.Code), ct);
        var skus = await Existing(lines.Select(l => l.Sku), chunk => db.Skus.Where(s => chunk.Contains(s.Code)).Select(s => s.Code), ct);
        var numbers = await Existing(lines.Select(l => l.Number), chunk => db.PurchaseOrders.Where(p => chunk.Contains(p.Number)).Select(p => p.Number), ct);
        foreach (var line in lines)
        {
            if (line.Supplier is { } supplier && !suppliers.Contains(supplier))
            {
                errors.Add(new ImportError(line.Row, "Supplier", $"There is no supplier {supplier}. Create it first."));
            }

            if (line.Sku is { } sku && !skus.Contains(sku))
            {
                errors.Add(new ImportError(line.Row, "SKU", $"There is no SKU {sku}. Create it first."));
            }

            if (line.Number is { } number && numbers.Contains(number))
            {
                errors.Add(new ImportError(line.Row, "PO number", $"Purchase order {number} already exists; use a new number."));
            }
        }
    }

    private static void CheckAcrossRows(List<ImportLine> lines, List<ImportError> errors)
    {
        foreach (var order in lines.Where(l => l.Number is not null).GroupBy(l => l.Number!))
        {
            var first = order.First();
            foreach (var line in order.Skip(1).Where(l => l.Supplier is not null && first.Supplier is not null && l.Supplier != first.Supplier))
            {
                errors.Add(new ImportError(line.Row, "Supplier", $"PO {order.Key} names supplier {first.Supplier} on row {first.Row}; one purchase order has one supplier."));
            }

            foreach (var duplicate in order.Where(l => l.Sku is not null).GroupBy(l => l.Sku).SelectMany(g => g.Skip(1)))
            {
                var firstRow = order.First(l => l.Sku == duplicate.Sku).Row;
                errors.Add(new ImportError(duplicate.Row, "SKU", $"PO {order.Key} already has SKU {duplicate.Sku} on row {firstRow}; put the whole quantity on one row."));
            }

            if (order.Count() > PlacePurchaseOrder.MaxLines)
            {
                errors.Add(new ImportError(first.Row, "PO number", $"PO {order.Key} has {order.Count()} lines; a purchase order has at most {PlacePurchaseOrder.MaxLines}."));
            }
        }
    }

    /// <summary>All purchase orders in one command: a refusal anywhere leaves none of them.</summary>
    private static async Task<int> PlaceAllAsync(WriteScope scope, List<IGrouping<string, ImportLine>> orders, DeskActor actor, CancellationToken ct)
    {
        var db = scope.Db;
        var books = new Dictionary<int, SkuBook>();
        foreach (var lines in orders)
        {
            if (await db.PurchaseOrders.AnyAsync(p => p.Number == lines.Key, ct))
            {
                throw new ConflictException($"Purchase order {lines.Key} was created meanwhile; nothing was imported.", "file");
            }

            var supplierCode = lines.First().Supplier!;
            var supplier = await db.Suppliers.FirstOrDefaultAsync(s => s.Code == supplierCode, ct)
                ?? throw new DomainException($"Supplier {supplierCode} no longer exists; nothing was imported.", "file");
            var order = new PurchaseOrder(lines.Key, supplier, scope.Now);
            db.PurchaseOrders.Add(order);
            foreach (var line in lines)
            {
                var sku = await db.Skus.FirstOrDefaultAsync(s => s.Code == line.Sku, ct)
                    ?? throw new DomainException($"SKU {line.Sku} no longer exists; nothing was imported.", "file");
                var book = await scope.LoadBookAsync(sku, ct);
                book.OpenPoLines.Add(order.AddLine(sku, line.Qty!.Value, line.ExpectedDate!.Value));
                books[sku.Id] = book;
                scope.Changes.TouchedSkus.Add(sku);
            }

            PurchaseOrderAudit.Created(scope, actor, order, "imported from a workbook");
        }

        foreach (var book in books.Values)
        {
            WarehouseOperations.RefreshEtas(book, "purchase orders imported", scope.Operation);
        }

        return orders.Count;
    }

    private static async Task<HashSet<string>> Existing(IEnumerable<string?> codes, Func<string[], IQueryable<string>> query, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in codes.OfType<string>().Distinct().Chunk(500))
        {
            found.UnionWith(await query(chunk).ToListAsync(ct));
        }

        return found;
    }

    private static ValidationException FileProblem(string message) => new(new Dictionary<string, string[]> { ["file"] = [message] }, message);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private sealed record SheetRow(int Number, CellValue[] Cells);

    private sealed record ImportLine(int Row, string? Number, string? Supplier, string? Sku, int? Qty, DateOnly? ExpectedDate);

    /// <summary>A cell as the import sees it: its text, and its number or date when Excel typed it so.</summary>
    private sealed record CellValue(string? Text, double? Number, DateTime? Date)
    {
        public static CellValue From(IXLCell cell) => cell.DataType switch
        {
            XLDataType.Number => new CellValue(cell.GetDouble().ToString(CultureInfo.InvariantCulture), cell.GetDouble(), null),
            XLDataType.DateTime => new CellValue(cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, cell.GetDateTime()),
            _ => new CellValue(cell.GetString(), null, null),
        };
    }
}
