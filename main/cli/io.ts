/** What a CLI command writes to: results on stdout (one JSON object with --json), progress and messages on stderr. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal, so progress may redraw a line in place. */
  tty: boolean;
}

// A reader that stops early (`studio templates list | head`) closes the pipe; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  tty: Boolean(process.stderr.isTTY),
};

/** Exit codes: 0 ok, 2 bad input, 3 the workspace was busy (nothing written: run it again), 1 anything else. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, busy: 3 } as const;
