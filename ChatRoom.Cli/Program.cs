using ChatRoom.Cli;

return await TerminalChat.RunAsync(args);
