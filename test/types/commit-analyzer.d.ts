// semantic-release's analyzer ships no types; the agreement tests call only this.
declare module '@semantic-release/commit-analyzer' {
  export function analyzeCommits(
    pluginConfig: { preset: string; releaseRules?: readonly object[] },
    context: {
      /** As semantic-release passes them: the hash, the trimmed message, and git's subject (%s). */
      commits: { hash: string; message: string; subject?: string }[];
      logger: { log: () => void; error: () => void };
      cwd: string;
    },
  ): Promise<string | null>;
}
