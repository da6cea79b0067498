namespace EventWorkbench.Access;

public enum PasswordCheck { Wrong, Right, RightButRehash }

/// <summary>
/// Password hashing, done by the web app with ASP.NET Core Identity's PasswordHasher: the domain never references
/// ASP.NET and only stores the hash string it is given.
/// </summary>
public interface IPasswordHashing
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}
