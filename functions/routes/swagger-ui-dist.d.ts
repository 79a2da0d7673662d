// The two files of swagger-ui-dist the docs function serves, imported as text (esbuild's `type: 'text'`).
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string;
  export default text;
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string;
  export default text;
}
