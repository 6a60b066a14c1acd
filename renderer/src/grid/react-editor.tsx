/**
 * A React cell editor (props as ag-grid-react gives them: the grid's editor params, `value`,
 * `initialValue`, `onValueChange`) as a cell editor of the plain grid (PlainGrid.tsx). Each edit
 * mounts the component in a React root of its own, once the grid has attached its element (the
 * editors focus their input when they mount); the value is the last one handed to
 * `onValueChange`, read by the grid when the edit ends.
 */
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';
import type { CustomCellEditorProps } from 'ag-grid-react';
import type { ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';

export function reactEditor<P extends CustomCellEditorProps>(Editor: ComponentType<P>): new () => ICellEditorComp {
  return class ReactCellEditor implements ICellEditorComp {
    private readonly gui = document.createElement('div');
    private root: Root | null = null;
    private params!: ICellEditorParams;
    private value: unknown;

    init(params: ICellEditorParams): void {
      this.params = params;
      this.value = params.value;
      // an inline editor fills its cell, as ag-grid-react's does
      this.gui.className = 'react-cell-editor';
    }

    getGui(): HTMLElement {
      return this.gui;
    }

    afterGuiAttached(): void {
      if (this.root) return;
      this.root = createRoot(this.gui);
      const props = {
        ...this.params,
        initialValue: this.params.value,
        value: this.params.value,
        onValueChange: (v: unknown) => {
          this.value = v;
        },
      } as unknown as P;
      // synchronously, so the editor's input exists and has the focus before the next key arrives
      flushSync(() => this.root!.render(<Editor {...props} />));
    }

    getValue(): unknown {
      return this.value;
    }

    destroy(): void {
      const root = this.root;
      this.root = null;
      // not in the middle of a React render of the page (the grid may end an edit from one)
      if (root) setTimeout(() => root.unmount(), 0);
    }
  };
}
