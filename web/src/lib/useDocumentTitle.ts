import { useEffect } from "react";

export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · GO-PRO` : "GO-PRO — learn Go by writing Go";
  }, [title]);
}
