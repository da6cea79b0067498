using EventWorkbench.Access;
using Microsoft.AspNetCore.Identity;

namespace EventWorkbench.Web.Features.Access;

/// <summary>Passwords hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, versioned).</summary>
public sealed class IdentityPasswordHashing : IPasswordHashing
{
    private static readonly AccountSecret Anyone = new(); // the default hasher does not look at the user
    private readonly PasswordHasher<AccountSecret> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(Anyone, password);

    public PasswordCheck Verify(string hash, string password)
    {
        try
        {
            return _hasher.VerifyHashedPassword(Anyone, hash, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Right,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.RightButRehash,
                _ => PasswordCheck.Wrong,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Wrong;
        }
    }
}
