// semantic-release's analyzer ships no types; the agreement test calls only this.
declare module '@semantic-release/commit-analyzer' {
  export function analyzeCommits(
    pluginConfig: { preset: string },
    context: { commits: { hash: string; message: string }[]; logger: { log: () => void; error: () => void }; cwd: string },
  ): Promise<string | null>;
}
