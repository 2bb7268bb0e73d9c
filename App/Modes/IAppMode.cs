using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Modes;

/// <summary>
/// One of the app's modes (Review, Navigate, Rehearse, Osteotomy). The host calls <see cref="Step"/> once per frame on its frame
/// loop's thread: the mode reads the input, advances its state and queues its holograms. In steady state a step allocates nothing.
/// </summary>
public interface IAppMode
{
    /// <summary>The mode's name as the user sees it ("Review", …).</summary>
    string Name { get; }

    /// <summary>Advances one frame: reads <paramref name="input"/> and queues this frame's draws on <paramref name="port"/>.</summary>
    void Step(in InputFrame input, IHologramPort port);
}
