namespace LvsActors.Lab.Tests;

/// <summary>Thrown when the kernel lab cannot start here: not root, not Linux, or the install failed.</summary>
public sealed class LabUnavailableException : Exception
{
    /// <summary>Creates the exception with the reason the lab cannot start.</summary>
    public LabUnavailableException(string message)
        : base("kernel lab unavailable: " + message)
    {
    }

    /// <summary>Creates the exception with the reason and the failure behind it.</summary>
    public LabUnavailableException(string message, Exception inner)
        : base("kernel lab unavailable: " + message, inner)
    {
    }
}
