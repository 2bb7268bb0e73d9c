using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// The frame the renderer draws into, independent of any window: an RGBA8 colour and 24-bit depth renderbuffer pair, multisampled
/// when asked, with a single-sample RGBA8 target it resolves into for reading back or showing. Owns its GL objects.
/// </summary>
internal sealed class OffscreenFramebuffer : IDisposable
{
    private readonly GL gl;
    private readonly uint drawFramebuffer;
    private readonly uint drawColor;
    private readonly uint depth;
    private readonly uint resolveFramebuffer;
    private readonly uint resolveColor;

    /// <summary>Creates the buffers; <paramref name="samples"/> is clamped to the driver's maximum, 1 means no MSAA. Initialization only.</summary>
    public OffscreenFramebuffer(GL gl, int widthPx, int heightPx, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        this.gl = gl;
        WidthPx = widthPx;
        HeightPx = heightPx;
        Samples = Math.Min(samples, Math.Max(1, gl.GetInteger(GLEnum.MaxSamples)));

        drawFramebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, drawFramebuffer);
        drawColor = Renderbuffer(InternalFormat.Rgba8, FramebufferAttachment.ColorAttachment0, Samples);
        depth = Renderbuffer(InternalFormat.DepthComponent24, FramebufferAttachment.DepthAttachment, Samples);
        CheckComplete("draw");
        if (Samples > 1)
        {
            resolveFramebuffer = gl.GenFramebuffer();
            gl.BindFramebuffer(FramebufferTarget.Framebuffer, resolveFramebuffer);
            resolveColor = Renderbuffer(InternalFormat.Rgba8, FramebufferAttachment.ColorAttachment0, 1);
            CheckComplete("resolve");
        }
        else
        {
            resolveFramebuffer = drawFramebuffer;
        }

        gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
    }

    /// <summary>Width, pixels.</summary>
    public int WidthPx { get; }

    /// <summary>Height, pixels.</summary>
    public int HeightPx { get; }

    /// <summary>Samples per pixel actually used (1: no MSAA).</summary>
    public int Samples { get; }

    /// <summary>Binds the draw framebuffer and sets the viewport to all of it.</summary>
    public void BindForDrawing()
    {
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, drawFramebuffer);
        gl.Viewport(0, 0, (uint)WidthPx, (uint)HeightPx);
    }

    /// <summary>Resolves the multisampled colour into the single-sample target (a no-op without MSAA).</summary>
    public void Resolve()
    {
        if (Samples > 1)
        {
            Blit(drawFramebuffer, resolveFramebuffer, WidthPx, HeightPx, BlitFramebufferFilter.Nearest);
        }
    }

    /// <summary>Copies the resolved frame into a framebuffer of another size (0: the window's), scaled linearly. Call after <see cref="Resolve"/>.</summary>
    public void BlitTo(uint targetFramebuffer, int targetWidthPx, int targetHeightPx) =>
        Blit(resolveFramebuffer, targetFramebuffer, targetWidthPx, targetHeightPx, BlitFramebufferFilter.Linear);

    /// <summary>Reads the resolved frame as RGBA8, bottom row first (OpenGL's order), into <paramref name="bottomRowFirst"/> of 4 × width × height bytes. Stalls until the GPU is done.</summary>
    public unsafe void ReadPixels(Span<byte> bottomRowFirst)
    {
        gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, resolveFramebuffer);
        gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        fixed (byte* data = bottomRowFirst)
        {
            gl.ReadPixels(0, 0, (uint)WidthPx, (uint)HeightPx, PixelFormat.Rgba, PixelType.UnsignedByte, data);
        }

        gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, 0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        gl.DeleteFramebuffer(drawFramebuffer);
        gl.DeleteRenderbuffer(drawColor);
        gl.DeleteRenderbuffer(depth);
        if (Samples > 1)
        {
            gl.DeleteFramebuffer(resolveFramebuffer);
            gl.DeleteRenderbuffer(resolveColor);
        }
    }

    private uint Renderbuffer(InternalFormat format, FramebufferAttachment attachment, int samples)
    {
        uint renderbuffer = gl.GenRenderbuffer();
        gl.BindRenderbuffer(RenderbufferTarget.Renderbuffer, renderbuffer);
        if (samples > 1)
        {
            gl.RenderbufferStorageMultisample(RenderbufferTarget.Renderbuffer, (uint)samples, format, (uint)WidthPx, (uint)HeightPx);
        }
        else
        {
            gl.RenderbufferStorage(RenderbufferTarget.Renderbuffer, format, (uint)WidthPx, (uint)HeightPx);
        }

        gl.FramebufferRenderbuffer(FramebufferTarget.Framebuffer, attachment, RenderbufferTarget.Renderbuffer, renderbuffer);
        return renderbuffer;
    }

    private void CheckComplete(string which)
    {
        GLEnum status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            throw new DesktopHostException(
                $"Expected the offscreen {which} framebuffer ({WidthPx} × {HeightPx} px, RGBA8 + depth 24, {Samples} samples) to be complete. Was {status}.");
        }
    }

    private void Blit(uint source, uint target, int targetWidthPx, int targetHeightPx, BlitFramebufferFilter filter)
    {
        gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, source);
        gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, target);
        gl.BlitFramebuffer(0, 0, WidthPx, HeightPx, 0, 0, targetWidthPx, targetHeightPx, ClearBufferMask.ColorBufferBit, filter);
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, 0);
    }
}
