/**
 * AG Grid without ag-grid-react's rendering. AgGridReact draws every row and cell as React
 * components; scrolling fast through the million-record ledger (20 new rows of 22 cells a frame)
 * spent most of each frame in React's renders, effects and the garbage they leave. The grid's
 * own DOM rendering (what it uses under Angular and Vue) draws the same DOM with a fraction of
 * that work. This component creates that grid once and hands it the options that changed on
 * each render, as AgGridReact does; the cell editors, React components, are mounted by
 * react-editor.ts.
 */
import { createGrid, type GridApi, type GridOptions, type Module } from 'ag-grid-community';
import { useEffect, useRef } from 'react';

type Props<T> = GridOptions<T> & { modules?: Module[] };

export function PlainGrid<T>({ modules, ...options }: Props<T>) {
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<GridApi<T> | null>(null);
  const given = useRef<GridOptions<T>>(options);
  given.current = options;
  const applied = useRef<GridOptions<T>>(options);

  useEffect(() => {
    const initial = given.current;
    applied.current = initial;
    const grid = createGrid(host.current!, { ...initial }, { modules });
    api.current = grid;
    return () => {
      api.current = null;
      grid.destroy();
    };
    // the grid is made once; later options arrive through updateGridOptions below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const grid = api.current;
    if (!grid || grid.isDestroyed()) return;
    const changed: Record<string, unknown> = {};
    for (const key of Object.keys(options) as (keyof GridOptions<T>)[]) if (applied.current[key] !== options[key]) changed[key] = options[key];
    applied.current = options;
    if (Object.keys(changed).length > 0) grid.updateGridOptions(changed as GridOptions<T>);
  });

  return <div ref={host} style={{ width: '100%', height: '100%' }} />;
}
