// Clipboard for the enrollment command; falls back to selecting the text when the API is unavailable (plain HTTP).
window.kyoten = {
    copy: async function (text, elementId) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            const el = document.getElementById(elementId);
            if (el) {
                const range = document.createRange();
                range.selectNodeContents(el);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return document.execCommand && document.execCommand("copy");
            }
            return false;
        }
    }
};
