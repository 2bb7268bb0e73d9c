using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Modes;

/// <summary>
/// The app's shell: holds its modes, shows a mode panel with a button per mode, switches to the next mode on
/// <see cref="AppKeys.NextMode"/> or to the one whose button is pressed, and passes each frame's step to the current mode. The
/// panel's texts are made at construction, so a step allocates nothing beyond what the current mode does.
/// </summary>
public sealed class ArSpineApp : IAppMode
{
    /// <summary>Width of the mode panel, mm.</summary>
    public const float PanelWidthMm = 70;

    private static readonly RgbaColor CurrentColor = new(1.0f, 0.92f, 0.15f);

    private readonly IAppMode[] modes;
    private readonly string[] currentLabels;

    /// <summary>A shell over <paramref name="modes"/> (at least one; names distinct), starting in the first.</summary>
    public ArSpineApp(IReadOnlyList<IAppMode> modes)
    {
        ArgumentNullException.ThrowIfNull(modes);
        if (modes.Count == 0)
        {
            throw new ArgumentException("Expected at least one mode. Was none.", nameof(modes));
        }

        this.modes = [.. modes];
        currentLabels = new string[this.modes.Length];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int m = 0; m < this.modes.Length; m++)
        {
            IAppMode mode = this.modes[m] ?? throw new ArgumentException($"Expected a mode at index {m}. Was null.", nameof(modes));
            if (!names.Add(mode.Name))
            {
                throw new ArgumentException($"Expected distinct mode names. Was '{mode.Name}' twice.", nameof(modes));
            }

            currentLabels[m] = "> " + mode.Name;
        }
    }

    /// <inheritdoc/>
    public string Name => "ArSpine";

    /// <summary>The modes, in panel order.</summary>
    public IReadOnlyList<IAppMode> Modes => modes;

    /// <summary>Index of the current mode in <see cref="Modes"/>.</summary>
    public int CurrentIndex { get; private set; }

    /// <summary>The mode that receives the steps.</summary>
    public IAppMode Current => modes[CurrentIndex];

    /// <summary>Whether the mode panel is drawn (the keys switch modes either way).</summary>
    public bool ShowModePanel { get; set; } = true;

    /// <summary>The mode panel's top-left corner and orientation in World (see <see cref="IHologramPort.BeginPanel"/>).</summary>
    public Matrix4x4 PanelPose { get; set; } = Matrix4x4.Identity;

    /// <summary>Makes <paramref name="index"/> the current mode.</summary>
    public void SwitchTo(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, modes.Length);
        CurrentIndex = index;
    }

    /// <inheritdoc/>
    public void Step(in InputFrame input, IHologramPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if ((input.KeysPressed & AppKeys.NextMode) != 0)
        {
            CurrentIndex = (CurrentIndex + 1) % modes.Length;
        }

        if (ShowModePanel && modes.Length > 1)
        {
            int pressed = -1;
            port.BeginPanel("Mode", PanelPose, PanelWidthMm);
            for (int m = 0; m < modes.Length; m++)
            {
                if (m == CurrentIndex)
                {
                    port.PanelLabel(currentLabels[m], CurrentColor);
                }
                else if (port.PanelButton(modes[m].Name))
                {
                    pressed = m;
                }
            }

            port.EndPanel();
            if (pressed >= 0)
            {
                CurrentIndex = pressed;
            }
        }

        modes[CurrentIndex].Step(input, port);
    }
}
