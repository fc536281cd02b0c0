using SmartReasoning.Cli;

return await SmartReasoningCommand.Create().Parse(args).InvokeAsync();
