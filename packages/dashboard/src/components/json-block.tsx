/** JSON shown as the receiver gets it, indented (Chromium lets the keyboard scroll a long block). */
export function JsonBlock(props: { readonly value: unknown }) {
  return (
    <pre class="code-block">
      <code>{JSON.stringify(props.value, null, 2)}</code>
    </pre>
  );
}
