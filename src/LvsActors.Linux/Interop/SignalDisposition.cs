using Tmds.Linux;

namespace LvsActors.Linux.Interop;

/// <summary>
/// A signal that the process inherited as ignored (nohup, some init scripts and job runners start their children with
/// SIGHUP set to SIG_IGN) is one .NET never delivers: PosixSignalRegistration leaves an inherited SIG_IGN alone.
/// keepalived and nginx reload on SIGHUP however they were started; so does the director, once this has put the
/// default disposition back, before the runtime's handler is registered.
/// </summary>
public static unsafe class SignalDisposition
{
    /// <summary>Sets SIGHUP back to SIG_DFL when it is SIG_IGN; true when it was ignored.</summary>
    public static bool UnignoreInheritedHangup() => Unignore(LibC.SIGHUP);

    private static bool Unignore(int signal)
    {
        sigaction current;
        if (LibC.sigaction(signal, null, &current) != 0 || current.sa_handler != LibC.SIG_IGN)
        {
            return false;
        }
        sigaction restored = default;
        restored.sa_handler = LibC.SIG_DFL;
        return LibC.sigaction(signal, &restored, null) == 0;
    }
}
