using System.Text.RegularExpressions;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>The fixed sentences of answers, in English or Chinese after the question's language.</summary>
internal static partial class AnswerLanguage
{
    public static bool IsChinese(QueryPlan plan) => plan.Language == LanguageDetector.Chinese;

    public static string Declined(QueryPlan plan, IReadOnlyList<SectionReference> nearest)
    {
        var chinese = IsChinese(plan);
        var text = chinese ? "您可以查阅的材料没有回答这个问题。" : "The materials you can read do not answer this question.";
        if (nearest.Count > 0)
        {
            text += chinese ? " 最接近的章节：" : " Nearest sections found: ";
            text += string.Join("; ", nearest.Select(n => n.Title + " — " + n.Section));
            text += chinese ? "。" : ".";
        }

        return text;
    }

    public static string OffTopic(QueryPlan plan) => IsChinese(plan)
        ? "这个问题似乎与知识产权规则无关；我只根据您可以查阅的条约、法律和程序材料回答知识产权规则方面的问题。"
        : "This question does not seem to be about intellectual-property rules; I answer only questions about the treaties, laws and procedures in the materials you can read.";

    public static string Source(QueryPlan plan, KnowledgeHit passage, string section) =>
        IsChinese(plan) ? "《" + passage.Title + "》" + section : passage.Title + ", " + section;

    public static string EmptyQuestion => "Please type a question about the rules materials (请输入问题).";

    public static string TooLong(int length, int limit) =>
        $"The question is {length:N0} characters long; please ask it in at most {limit:N0} characters.";

    /// <summary>"douze mois" -> "12 months": the amounts of time a sentence states, written the same way whatever its language.</summary>
    public static IReadOnlyList<string> Durations(string sentence) => TimeExpressions.Durations(sentence);
}
