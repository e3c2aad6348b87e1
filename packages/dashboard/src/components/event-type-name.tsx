import { Fragment } from "preact";

/**
 * An event type in code font that may wrap only after its dots (`candidate.interview.` / `completed`),
 * never inside a word, when its column is narrower than the name.
 */
export function EventTypeName(props: { readonly type: string }) {
  const parts = props.type.split(".");
  return (
    <code class="event-type">
      {parts.map((part, index) => (
        <Fragment key={part}>
          {part}
          {index < parts.length - 1 ? (
            <>
              .<wbr />
            </>
          ) : null}
        </Fragment>
      ))}
    </code>
  );
}
