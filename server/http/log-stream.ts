// Where the server's log lines go by default: standard output, written once per event-loop turn. On Linux a
// write to a pipe or file from process.stdout is a blocking system call, and pino's default destination makes
// one per line; with an access-log line per request that was ~6% of a secret fetch's CPU in a profile, and a
// reader that falls behind (a full pipe) stalled requests. Lines are queued and written together at the end
// of the current turn, so they still appear at once at low traffic; whatever is queued at exit is written then.

export interface LineSink { write(text: string): unknown }

export class BatchedLogStream {
  private queued: string[] = [];
  private scheduled = false;

  constructor(private readonly target: LineSink) {
    process.on('exit', () => this.flush());
  }

  /** Pino calls this with one serialised line (newline included). */
  write(line: string): boolean {
    this.queued.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  flush(): void {
    this.scheduled = false;
    if (this.queued.length === 0) return;
    const text = this.queued.length === 1 ? this.queued[0]! : this.queued.join('');
    this.queued = [];
    this.target.write(text);
  }
}

let stdoutStream: BatchedLogStream | null = null;

/** The one batched stream over process.stdout (every app in a process shares it: one exit hook). */
export function stdoutLogStream(): BatchedLogStream {
  stdoutStream ??= new BatchedLogStream(process.stdout);
  return stdoutStream;
}
