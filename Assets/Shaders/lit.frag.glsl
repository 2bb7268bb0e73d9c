#version 330 core
// The desktop host's lit shader, fragment stage: straight-alpha colour per draw, lit by a headlight at the eye
// (ambient + Lambert + a little Blinn-Phong), two-sided: normals turn toward the viewer so translucent items shade on both faces.
in vec3 vPositionWorld;
in vec3 vNormalWorld;
uniform vec4 uColor;
uniform vec3 uEyeWorld;
out vec4 fragColor;
const float Ambient = 0.25;
const float Diffuse = 0.75;
const float Specular = 0.2;
const float Shininess = 32.0;
void main()
{
    vec3 toEye = normalize(uEyeWorld - vPositionWorld);
    float normalLength = length(vNormalWorld);
    vec3 n = normalLength > 0.0 ? vNormalWorld / normalLength : toEye;
    if (dot(n, toEye) < 0.0) n = -n;
    float lambert = max(dot(n, toEye), 0.0);
    // The light sits at the eye, so the half vector is the view direction itself.
    float highlight = Specular * pow(lambert, Shininess);
    vec3 rgb = uColor.rgb * (Ambient + Diffuse * lambert) + vec3(highlight);
    fragColor = vec4(min(rgb, vec3(1.0)), uColor.a);
}
