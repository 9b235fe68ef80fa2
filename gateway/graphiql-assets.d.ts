/**
 * The GraphiQL bundle inside @graphql-yoga/render-graphiql, reached through the package's "./*"
 * export. Node resolves it through `exports`; TypeScript's `moduleResolution: node` does not read
 * `exports`, so its typings (typings/graphiql.d.cts) are restated here.
 */
declare module '@graphql-yoga/render-graphiql/graphiql' {
  /** The GraphiQL app (React, Monaco) as one script that defines `YogaGraphiQL`. */
  export const js: string;
  export const css: string;
  /** A data: URL. */
  export const favicon: string;
  /** Monaco's web workers, as script source to be turned into blob: URLs. */
  export const editorWorkerService: string;
  export const jsonWorker: string;
  export const graphqlWorker: string;
}
