using System.Text;
using Cooperation.Knowledge.Extraction;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class ExtractionLanguageTests
{
    private readonly TextExtractor _extractor = new();

    [Theory]
    [InlineData("en", "The right of priority shall be claimed within twelve months from the date of filing of the first application, and the office may require a copy of it.")]
    [InlineData("fr", "Le droit de priorité est revendiqué dans un délai de douze mois à compter du dépôt de la première demande, et l'office peut exiger une copie de celle-ci.")]
    [InlineData("es", "El derecho de prioridad se reivindica en un plazo de doce meses desde la fecha de presentación de la primera solicitud, y la oficina puede exigir una copia de los documentos.")]
    [InlineData("zh", "优先权应当自第一次申请之日起十二个月内提出，专利局可以要求提交该申请文件的副本。")]
    [InlineData("ru", "Право приоритета должно быть заявлено в течение двенадцати месяцев с даты подачи первой заявки, и ведомство может потребовать её копию.")]
    [InlineData("ar", "يجب المطالبة بحق الأولوية خلال اثني عشر شهرا من تاريخ إيداع الطلب الأول، ويجوز للمكتب أن يطلب نسخة منه.")]
    public async Task LanguageIsGuessedFromScriptAndCommonWords(string expected, string text)
    {
        var result = await ExtractAsync(text);

        Assert.Equal(expected, result.Language);
    }

    [Theory]
    [InlineData("Das Prioritätsrecht muss innerhalb von zwölf Monaten nach der ersten Anmeldung beansprucht werden, und das Amt kann eine Abschrift verlangen.")]
    [InlineData("Fee 100")]
    [InlineData("2024-05-01 10:00 12:30 14:45")]
    public async Task LanguageIsUnknownWhenTheTextDoesNotSettleIt(string text)
    {
        var result = await ExtractAsync(text);

        Assert.Null(result.Language);
    }

    [Fact]
    public async Task ChineseTextWithEnglishTermsIsStillChinese()
    {
        var result = await ExtractAsync("根据《专利合作条约》（Patent Cooperation Treaty, PCT）第八条，申请人可以要求优先权。");

        Assert.Equal("zh", result.Language);
    }

    private Task<ExtractedText> ExtractAsync(string text) =>
        _extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), DocumentMediaTypes.PlainText, new ExtractionLimits(), TestContext.Current.CancellationToken);
}
