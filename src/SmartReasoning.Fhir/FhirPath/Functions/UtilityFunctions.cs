namespace SmartReasoning.Fhir.FhirPath.Functions;

/// <summary>not, children, descendants, trace, now, today, timeOfDay.</summary>
internal static class UtilityFunctions
{
    /// <summary>descendants() stops after this many nodes, so a pathological input cannot exhaust memory.</summary>
    private const int MaxDescendants = 1_000_000;

    public static void Register(List<FunctionDefinition> f)
    {
        f.Add(new("not", 0, 0, (focus, _, _) => Collection.ToBoolean(focus, "not()") switch
        {
            true => Collection.False,
            false => Collection.True,
            null => Collection.Empty,
        }));
        f.Add(new("children", 0, 0, (focus, _, _) =>
        {
            List<object> output = [];
            foreach (var item in focus) Navigation.AllChildren(item, output);
            return output;
        }));
        f.Add(new("descendants", 0, 0, (focus, _, _) =>
        {
            List<object> output = [];
            var queue = new Queue<object>(focus);
            while (queue.Count > 0)
            {
                var start = output.Count;
                Navigation.AllChildren(queue.Dequeue(), output);
                if (output.Count > MaxDescendants) throw new FhirPathEvaluationException($"descendants() found more than {MaxDescendants:N0} nodes");
                for (var i = start; i < output.Count; i++) queue.Enqueue(output[i]);
            }
            return output;
        }));
        f.Add(new("trace", 1, 2, (focus, args, scope) =>
        {
            var name = Arguments.String(args[0], scope, "trace()") ?? "";
            var traced = args.Length > 1
                ? focus.SelectMany((item, i) => Arguments.ForItem(args[1], item, i, scope)).ToList()
                : focus;
            scope.Environment.Trace?.Invoke(name, traced);
            return focus;
        }));
        f.Add(new("now", 0, 0, (_, _, scope) => [Now(scope)]));
        f.Add(new("today", 0, 0, (_, _, scope) =>
            FhirPathDate.TryParse(scope.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), out var d) ? [d!] : Collection.Empty));
        f.Add(new("timeOfDay", 0, 0, (_, _, scope) =>
            FhirPathTime.TryParse(scope.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture), out var t) ? [t!] : Collection.Empty));
    }

    private static FhirPathDateTime Now(EvaluationScope scope)
    {
        var text = scope.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        return FhirPathDateTime.TryParse(text, out var now) ? now! : throw new FhirPathEvaluationException($"cannot read the clock's time {text}");
    }
}
