// The DOM helper of the desk's page modules (desk/js/school/, desk/js/case/),
// bundled into each by esbuild: an element with its properties and children.
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}
