import { Button, type ButtonProps } from 'antd';

/** A compact link-styled button for row actions in tables. */
export function ActionButton(props: ButtonProps) {
  return <Button type="link" size="small" style={{ paddingInline: 0 }} {...props} />;
}
