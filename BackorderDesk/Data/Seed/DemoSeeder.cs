namespace BackorderDesk.Data.Seed;

public sealed class DemoSeeder
{
    public Task SeedIfEmptyAsync(string profile, CancellationToken cancellationToken) =>
        Task.FromException(new NotImplementedException($"Seeding profile {profile} is not written yet ({cancellationToken.IsCancellationRequested})."));
}
