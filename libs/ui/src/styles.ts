// Side-effect module: importing `@buergeramt/ui` brings the font, the design tokens and the base styles.
import './styles/index.css';
