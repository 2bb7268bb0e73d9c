using ArSpine.App.CommandLine;

return ArSpineCommandLine.Run(args);
