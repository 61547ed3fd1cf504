import { useState } from 'react';

export type Editor<T> = ReturnType<typeof useEditor<T>>;

/** State of a create/edit modal: closed, creating, or editing `record`. */
export function useEditor<T>() {
  const [state, setState] = useState<{ open: boolean; record?: T }>({ open: false });
  return {
    open: state.open,
    record: state.record,
    creating: state.open && !state.record,
    create: () => setState({ open: true }),
    edit: (record: T) => setState({ open: true, record }),
    close: () => setState({ open: false }),
  };
}
