/** UI state that outlives a screen: the queue's selection (restored when coming back from a ticket). */
import { create } from 'zustand';

export interface UiState {
  readonly selectedTicketId: string | null;
  readonly signOutOpen: boolean;
  readonly selectTicket: (id: string | null) => void;
  readonly setSignOutOpen: (open: boolean) => void;
}

export const useUi = create<UiState>()((set) => ({
  selectedTicketId: null,
  signOutOpen: false,
  selectTicket: (id) => {
    set({ selectedTicketId: id });
  },
  setSignOutOpen: (open) => {
    set({ signOutOpen: open });
  },
}));
