using Microsoft.AspNetCore.Components.Authorization;

namespace BackorderDesk.Features.Accounts;

public static class DeskActorState
{
    /// <summary>The actor of a circuit, from its cascading authentication state (<see cref="DeskActor.System"/> without one).</summary>
    public static async Task<DeskActor> ActorAsync(this Task<AuthenticationState>? state) =>
        DeskActor.From(state is null ? null : (await state).User);
}
