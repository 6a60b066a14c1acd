import { defineHandlers } from '../context';

export const referenceHandlers = defineHandlers({
  'reference/get': (ctx) => ctx.reference.data,
});
