process.stdout.write('imghost: the command-line uploader (engine work in progress)\n');
