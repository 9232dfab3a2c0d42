using SeqRecLab.Executor;

// Entry point: see Cli.Usage and README.md.
var stdout = Console.Out;
var stderr = Console.Error;
int code = await Cli.RunAsync(args, stdout, stderr);
// Exit explicitly: a cell abandoned after a timeout may still be running on a worker thread.
Environment.Exit(code);
