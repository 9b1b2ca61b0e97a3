namespace BackorderDesk.Features.Verify;

public sealed class WarehouseVerifier
{
    public Task<VerifyReport> VerifyAsync(CancellationToken cancellationToken) =>
        Task.FromException<VerifyReport>(new NotImplementedException($"{cancellationToken.IsCancellationRequested}"));
}

public sealed class VerifyReport
{
    public bool IsClean => true;

    public void WriteTo(TextWriter writer) => writer.WriteLine("ok");
}
