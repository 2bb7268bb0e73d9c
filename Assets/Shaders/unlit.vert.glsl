#version 330 core
// The desktop host's unlit shader, vertex stage, for lines, labels, images and panels built on the CPU in World mm.
// Attribute 0: position (World mm); attribute 1: straight-alpha colour; attribute 2: texture coordinate.
layout(location = 0) in vec3 aPositionWorld;
layout(location = 1) in vec4 aColor;
layout(location = 2) in vec2 aTexCoord;
uniform mat4 uClipFromWorld;
out vec4 vColor;
out vec2 vTexCoord;
void main()
{
    vColor = aColor;
    vTexCoord = aTexCoord;
    gl_Position = uClipFromWorld * vec4(aPositionWorld, 1.0);
}
