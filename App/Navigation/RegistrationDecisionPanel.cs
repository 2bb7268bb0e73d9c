using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Navigation;

/// <summary>What the user chose on a <see cref="RegistrationDecisionPanel"/> this frame.</summary>
public enum RegistrationChoice
{
    /// <summary>Nothing yet.</summary>
    None,

    /// <summary>Accept pressed (button or key); the session still refuses a proposal over its thresholds.</summary>
    Accept,

    /// <summary>Reject pressed (button or key).</summary>
    Reject,
}

/// <summary>
/// The rows of a set-up panel where the user decides on a registration, shared by Navigate and Rehearse: the proposal's figures
/// (<see cref="NavigationSession.Describe"/>), the verdict and its reasons in red when over a threshold, and Accept / Reject
/// (buttons, or the Accept and Reject keys). <see cref="Show"/> allocates (once per proposal); <see cref="Draw"/> does not.
/// </summary>
public sealed class RegistrationDecisionPanel
{
    private string[] lines = [];
    private int verdictLine;
    private bool withinThresholds;

    /// <summary>Shows <paramref name="proposal"/>'s figures from now on.</summary>
    public void Show(RegistrationProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        lines = NavigationSession.Describe(proposal);
        // Describe ends with the verdict line and its reasons.
        verdictLine = lines.Length - proposal.Verdict.Reasons.Count - 1;
        withinThresholds = proposal.WithinThresholds;
    }

    /// <summary>Adds the figures and the two buttons to the open panel; returns what the user pressed this frame.</summary>
    public RegistrationChoice Draw(IHologramPort port, in InputFrame input)
    {
        ArgumentNullException.ThrowIfNull(port);
        for (int i = 0; i < lines.Length; i++)
        {
            port.PanelLabel(lines[i], i >= verdictLine && !withinThresholds ? NavigationOverlay.RedColor : RgbaColor.White);
        }

        bool accept = port.PanelButton("Accept") || (input.KeysPressed & AppKeys.Accept) != 0;
        bool reject = port.PanelButton("Reject") || (input.KeysPressed & AppKeys.Reject) != 0;
        return accept ? RegistrationChoice.Accept : reject ? RegistrationChoice.Reject : RegistrationChoice.None;
    }
}
