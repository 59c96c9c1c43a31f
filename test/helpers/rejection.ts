// What a promise rejected with; a test fails if it resolved instead.

/** The rejection reason of `p` (typed `any`, for property assertions); throws if `p` resolves. */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
