namespace BackorderDesk.Features.Replay;

/// <summary>
/// A clock the replay moves by hand: every service that takes its time from <see cref="TimeProvider"/>
/// sees the simulated moment. It only moves forward, so a replay cannot undo a day.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock to <paramref name="moment"/>; a moment already passed leaves it where it is.</summary>
    public void MoveTo(DateTimeOffset moment)
    {
        if (moment > _now)
        {
            _now = moment;
        }
    }

    public void MoveTo(DateOnly day, TimeOnly time) => MoveTo(new DateTimeOffset(day.ToDateTime(time, DateTimeKind.Utc)));
}
