import type { RunResult } from '../model/result.js';

export type ReportFormat = 'junit' | 'md' | 'html';

/** One output file format. Reporters are pure: results in, file text out. */
export interface Reporter {
  format: ReportFormat;
  /** File extension without the dot. */
  extension: string;
  render(results: RunResult[]): string;
}
