// @actions/github's Context class (lib/context.js), which its package exports do not list; the
// bundle script aliases this name to that file, so the action reads the event exactly as
// github.context does, without loading the Octokit that @actions/github builds when imported.
declare module '@actions/github/context' {
  export { Context } from '@actions/github/lib/context';
}
