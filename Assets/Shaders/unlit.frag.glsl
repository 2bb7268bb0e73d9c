#version 330 core
// The desktop host's unlit shader, fragment stage. uMode 0: the vertex colour; 1: a glyph from the atlas (red: the glyph's
// coverage, green: its halo), in the vertex colour over a translucent dark halo; 2: an opaque greyscale image, its red channel
// copied to red, green and blue.
in vec4 vColor;
in vec2 vTexCoord;
uniform sampler2D uTexture;
uniform int uMode;
out vec4 fragColor;
const vec3 HaloColor = vec3(0.0);
const float HaloAlpha = 0.6;
void main()
{
    if (uMode == 1)
    {
        vec2 glyph = texture(uTexture, vTexCoord).rg;
        float fill = glyph.r;
        float halo = HaloAlpha * glyph.g * (1.0 - fill);
        float alpha = fill + halo;
        // The glyph over its halo, straight alpha: where the glyph covers fully, exactly the vertex colour.
        vec3 rgb = alpha > 0.0 ? (vColor.rgb * fill + HaloColor * halo) / alpha : vColor.rgb;
        fragColor = vec4(rgb, vColor.a * alpha);
    }
    else if (uMode == 2)
    {
        float grey = texture(uTexture, vTexCoord).r;
        fragColor = vec4(grey, grey, grey, 1.0);
    }
    else
    {
        fragColor = vColor;
    }
}
