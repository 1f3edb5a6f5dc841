/** UI state that outlives a screen: the queue's selection (restored when coming back from a ticket), open dialogs. */
import { create } from 'zustand';

export interface UiState {
  readonly selectedTicketId: string | null;
  readonly signOutOpen: boolean;
  readonly syncDetailsOpen: boolean;
  readonly selectTicket: (id: string | null) => void;
  readonly setSignOutOpen: (open: boolean) => void;
  readonly setSyncDetailsOpen: (open: boolean) => void;
}

export const useUi = create<UiState>()((set) => ({
  selectedTicketId: null,
  signOutOpen: false,
  syncDetailsOpen: false,
  selectTicket: (id) => {
    set({ selectedTicketId: id });
  },
  setSignOutOpen: (open) => {
    set({ signOutOpen: open });
  },
  setSyncDetailsOpen: (open) => {
    set({ syncDetailsOpen: open });
  },
}));
