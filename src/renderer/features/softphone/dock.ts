/** Whether the softphone panel is shown on narrow screens (wide screens always show it). */
import { create } from 'zustand';

interface DockState {
  readonly open: boolean;
  readonly setOpen: (open: boolean) => void;
}

export const useSoftphoneDock = create<DockState>()((setState) => ({
  open: false,
  setOpen: (open) => {
    setState({ open });
  },
}));

/** Width of the docked panel (px) per breakpoint. */
export const SOFTPHONE_WIDTH = { base: 300, lg: 340 } as const;
