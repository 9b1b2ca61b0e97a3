namespace BackorderDesk.Features.Accounts;

/// <summary>The changes an Admin confirms on one user in <c>UserActionDialog</c>.</summary>
public enum UserActionKind
{
    ChangeRole,
    Disable,
    Enable,
    Unlock,
    ResetPassword,
}
