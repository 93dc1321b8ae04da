/**
 * A problem found while reading a file: where, what was there, what was expected.
 * Readers collect problems instead of throwing, so one pass reports them all.
 */
export type Severity = "error" | "warning";

export interface Problem {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** Excel sheet name; `line` is then the sheet's row number. */
  readonly sheet?: string;
  readonly line?: number;
  readonly column?: string;
  readonly value?: string;
  readonly expected?: string;
}

export const MAX_PROBLEMS = 200;

export class ProblemList {
  readonly items: Problem[] = [];
  private errorCount = 0;
  private dropped = 0;

  error(code: string, message: string, at: Omit<Problem, "severity" | "code" | "message"> = {}): void {
    this.errorCount++;
    this.push({ severity: "error", code, message, ...at });
  }

  warn(code: string, message: string, at: Omit<Problem, "severity" | "code" | "message"> = {}): void {
    this.push({ severity: "warning", code, message, ...at });
  }

  private push(p: Problem): void {
    if (this.items.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    this.items.push(p);
  }

  get hasErrors(): boolean {
    return this.errorCount > 0;
  }
  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === "error");
  }
  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === "warning");
  }
  get droppedCount(): number {
    return this.dropped;
  }
}
