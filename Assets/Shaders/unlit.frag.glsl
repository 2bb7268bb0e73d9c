#version 330 core
// The desktop host's unlit shader, fragment stage. uMode 0: the vertex colour; 1: the vertex colour with the glyph atlas's
// coverage (red channel) as extra alpha; 2: an opaque greyscale image, its red channel copied to red, green and blue.
in vec4 vColor;
in vec2 vTexCoord;
uniform sampler2D uTexture;
uniform int uMode;
out vec4 fragColor;
void main()
{
    if (uMode == 1)
    {
        fragColor = vec4(vColor.rgb, vColor.a * texture(uTexture, vTexCoord).r);
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
