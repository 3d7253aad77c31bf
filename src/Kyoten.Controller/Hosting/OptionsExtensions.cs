namespace Kyoten.Controller.Hosting;

internal static class OptionsExtensions
{
    public static void AddKyotenOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KyotenOptions>()
            .Bind(builder.Configuration.GetSection(KyotenOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }
}
