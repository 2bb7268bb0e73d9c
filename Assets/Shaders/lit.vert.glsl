#version 330 core
// The desktop host's lit shader, vertex stage. Attribute 0: position (mesh mm); attribute 1: normal (mesh frame).
layout(location = 0) in vec3 aPositionMesh;
layout(location = 1) in vec3 aNormalMesh;
uniform mat4 uWorldFromMesh;
uniform mat4 uNormalWorldFromMesh;
uniform mat4 uClipFromWorld;
out vec3 vPositionWorld;
out vec3 vNormalWorld;
void main()
{
    vec4 positionWorld = uWorldFromMesh * vec4(aPositionMesh, 1.0);
    vPositionWorld = positionWorld.xyz;
    vNormalWorld = mat3(uNormalWorldFromMesh) * aNormalMesh;
    gl_Position = uClipFromWorld * positionWorld;
}
