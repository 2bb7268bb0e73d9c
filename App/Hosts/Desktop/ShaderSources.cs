namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// GLSL 330 core sources of the desktop host's one lit shader, kept as constants so they ship inside the assembly.
/// Inputs are mesh-frame mm positions and normals; lighting is a headlight at the eye: ambient + Lambert + a little Blinn-Phong specular,
/// two-sided (normals are turned toward the viewer) so translucent items with culling off shade on both faces.
/// </summary>
internal static class ShaderSources
{
    /// <summary>Vertex stage: attribute 0 position (mesh mm), attribute 1 normal (mesh frame).</summary>
    public const string LitVertex = """
        #version 330 core
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
        """;

    /// <summary>Fragment stage: per-draw straight-alpha colour, headlight lighting.</summary>
    public const string LitFragment = """
        #version 330 core
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
        """;
}
