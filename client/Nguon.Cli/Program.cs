return await Nguon.Cli.NguonCli.RunAsync(args, Console.Out, Console.Error);
