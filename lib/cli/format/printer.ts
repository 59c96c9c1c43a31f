// One pass over an object yields both of ip's outputs, as iproute2's print_* helpers do: each piece says what it
// contributes to the JSON object (key and value) and to the human line (text), so the two can never disagree.
export class Printed {
  readonly json: Record<string, unknown> = {};
  text = '';

  /** A field in both outputs. */
  add(key: string, value: unknown, text: string): this {
    this.json[key] = value;
    this.text += text;
    return this;
  }

  /** JSON only (ip's PRINT_JSON). */
  key(key: string, value: unknown): this {
    this.json[key] = value;
    return this;
  }

  /** Human output only (ip's PRINT_FP). */
  say(text: string): this {
    this.text += text;
    return this;
  }
}
